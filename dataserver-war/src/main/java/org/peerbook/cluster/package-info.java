/**
 * What the members of a cluster tell each other on Payara's data grid ({@code
 * peerbook.cluster.enabled}): new heads, so that every member's registry and change-feed waiters
 * move when any member commits, and revoked tokens. The book itself is shared through the one
 * database; the node table through {@code GridNodeTable}.
 */
package org.peerbook.cluster;
