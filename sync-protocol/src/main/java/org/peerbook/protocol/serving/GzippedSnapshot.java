package org.peerbook.protocol.serving;

import java.io.InputStream;

/**
 * A complete SNAPSHOT answer as the source keeps it: gzipped JSON, opened for one requester.
 *
 * @param length its length in bytes, gzipped
 */
public record GzippedSnapshot(InputStream gzipped, long length) {}
