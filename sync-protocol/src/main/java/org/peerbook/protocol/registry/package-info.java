/**
 * The registry API's messages, written once for the resource manager and its clients: each record
 * writes itself as JSON and reads itself strictly (unknown members, wrong types, out-of-range
 * numbers and over-long texts refused with a {@link
 * org.peerbook.protocol.MalformedMessageException} naming the member; lists and maps bounded), and
 * {@link org.peerbook.protocol.registry.RegistryBinding} names the paths. The specification is
 * section 11.3 of <a href="../doc-files/PROTOCOL.md">{@code PROTOCOL.md}</a>.
 */
package org.peerbook.protocol.registry;
