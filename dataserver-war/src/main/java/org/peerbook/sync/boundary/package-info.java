/**
 * The sync protocol over HTTP ({@code POST /api/sync}), the same exchange every agent serves; see
 * {@link org.peerbook.protocol}.
 */
package org.peerbook.sync.boundary;
