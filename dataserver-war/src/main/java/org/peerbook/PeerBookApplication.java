package org.peerbook;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The data server's REST API: {@code /api/contacts} and {@code /api/book} for administrators,
 * {@code /api/sync} for resource nodes.
 */
@ApplicationPath("api")
public class PeerBookApplication extends Application {}
