/**
 * Request rates per node: a node that floods the registry or the sync API gets 429 with a
 * Retry-After, and everyone else is still served.
 */
package org.peerbook.limits;
