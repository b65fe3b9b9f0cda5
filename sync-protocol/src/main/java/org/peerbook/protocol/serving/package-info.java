/**
 * How every source serves the sync API, written once: the data server's JAX-RS resource and the
 * agent's Jetty listener are thin adapters around {@link
 * org.peerbook.protocol.serving.SyncServing}, so the order of the checks, the statuses, the problem
 * bodies, the gzip negotiation ({@link org.peerbook.protocol.serving.SyncBinding}) and the serving
 * slots ({@link org.peerbook.protocol.serving.ServingSlots}) cannot drift between them. The
 * specification is section 11.2 of <a href="../doc-files/PROTOCOL.md">{@code PROTOCOL.md}</a>.
 */
package org.peerbook.protocol.serving;
