/**
 * The peer agent that runs on each client machine. Layers: {@code cli} parses options and starts
 * the agent; {@code sync} holds the sync logic and knows no HTTP; {@code transport} alone speaks
 * HTTP; {@code directory} alone speaks LDAP, offering the copy to mail clients as a read-only
 * directory; all of them share {@link org.peerbook.protocol} with the data server.
 *
 * <p>For now the agent can check a sync source end to end ({@code check-source}); keeping a local
 * copy, registering and serving peers come with the peer-agent issue.
 */
package org.peerbook.agent;
