/**
 * What one client may take of the server: request rates per node (a node that floods the registry
 * or the sync API gets 429 with a Retry-After, and everyone else is still served), and request
 * bodies read before anything serves them, without holding a thread while they arrive, bounded in
 * size, time and number per client address.
 */
package org.peerbook.limits;
