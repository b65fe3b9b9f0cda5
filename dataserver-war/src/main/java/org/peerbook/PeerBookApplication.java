package org.peerbook;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;

/**
 * The data server's REST API: {@code /api/contacts} and {@code /api/book} for administrators,
 * {@code /api/directory} for directory sources, {@code /api/sync} for resource nodes, {@code
 * /api/registry} for the resource manager.
 */
@ApplicationPath("api")
@OpenAPIDefinition(
    info =
        @Info(
            title = "PeerBook data server",
            version = "0.1.0",
            description =
                "Address book administration and the sync protocol that every resource node"
                    + " speaks. Errors are RFC 9457 problem details."))
public class PeerBookApplication extends Application {}
