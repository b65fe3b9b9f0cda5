package org.peerbook.simulation.entity;

/**
 * The figures of one finished run, for one change (one new version).
 *
 * @param dataServerCopies sessions the data server served: copies of the change it sent
 * @param rounds the longest chain of copies from the data server to a node (1 = straight from it)
 * @param meanGeneration the mean of that chain's length over all nodes
 * @param halfSeconds simulated seconds from the commit until half the nodes held the head
 * @param ninetyNineSeconds the same until 99% of the nodes held it
 * @param convergenceSeconds simulated seconds from the commit until the last node held the head
 * @param worstPeerLoad the most concurrent sessions any peer served
 * @param meanPeerLoad the sessions a peer was serving when one of its sessions began, counting that
 *     one, averaged over all peer sessions
 * @param dataServerPeakSessions the most concurrent sessions at the data server
 * @param peerCopies sessions served by peers
 * @param refusals sessions refused by busy peers (the agent's 503)
 * @param sourceRequests source requests the agents sent: a held one counts once, however often the
 *     resource manager looked again for it while it waited
 * @param retryHints source answers that said "every data-server slot is taken, retry later"
 * @param crossSiteShare the share of all copies (peer and data server) that crossed sites
 * @param hedges copies started beside a slow one (counted in {@code peerCopies} too)
 * @param nodesAtHead nodes holding the head when the run stopped
 * @param wallMillis real time the run took
 */
public record SimulationResult(
    SimulationSettings settings,
    long dataServerCopies,
    int rounds,
    double meanGeneration,
    double halfSeconds,
    double ninetyNineSeconds,
    double convergenceSeconds,
    int worstPeerLoad,
    double meanPeerLoad,
    int dataServerPeakSessions,
    long peerCopies,
    long refusals,
    long sourceRequests,
    long retryHints,
    double crossSiteShare,
    long hedges,
    int nodesAtHead,
    long wallMillis) {

  public boolean converged() {
    return nodesAtHead == settings.nodes();
  }

  public double log2Nodes() {
    return Math.log(settings.nodes()) / Math.log(2);
  }
}
