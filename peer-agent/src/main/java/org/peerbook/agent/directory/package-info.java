/**
 * The local copy as a read-only LDAP directory for unmodified mail clients: the LDAP SDK's
 * listener, a request handler per connection, the mapping of contacts to inetOrgPerson entries, and
 * the narrowing of LDAP filters to the store's indexes.
 *
 * <p>A package of its own rather than a part of {@code transport}: {@code transport} carries the
 * sync protocol between nodes over HTTP, whereas this is a second face of the copy, for local
 * clients, with its own protocol, library and data model. So LDAP's types (DNs, filters, entries)
 * stay here, as HTTP's stay in {@code transport}, and the directory reads the copy through the
 * store's query methods like {@code sync} does; only {@code store} knows how the copy is kept.
 */
package org.peerbook.agent.directory;
