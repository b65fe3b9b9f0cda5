/**
 * What keeps node tokens valid across restarts and cluster members: the token key and the revoked
 * tokens, both in the book's database.
 */
package org.peerbook.registry.tokens;
