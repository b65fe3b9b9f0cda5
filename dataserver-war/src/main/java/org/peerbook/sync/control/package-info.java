/**
 * The data server's side of the sync protocol: the decision is the shared {@link
 * org.peerbook.protocol.SyncResponder}'s; here are what only the origin does — building and caching
 * signed snapshots — and the counters of what was served.
 */
package org.peerbook.sync.control;
