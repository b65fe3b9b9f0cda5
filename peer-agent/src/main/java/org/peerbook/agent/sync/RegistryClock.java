package org.peerbook.agent.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.logging.Logger;

/**
 * The resource manager's time as this agent reads it: the machine's clock, moved by how far it is
 * off the time the resource manager's answers carry (their HTTP {@code Date}). Peer tokens expire
 * by the resource manager's clock, which issued them: an agent whose machine's clock is minutes
 * ahead (a laptop with a flat clock battery, a virtual machine resumed without time sync) would
 * take every peer's fresh token for expired and refuse every peer, be reported as a bad source and
 * evicted again and again; one minutes behind would take tokens that expired. Checked by this
 * clock, a token lives as long at every agent.
 *
 * <p>{@code Date} has whole seconds, and the network adds its delay: an offset within {@link
 * #TOLERANCE} is taken as none, so an agent whose clock is right keeps it exactly. (An answer the
 * resource manager held is dated when it was sent, not when it was asked for.) Whoever can change
 * the resource manager's answers on the way (no TLS) could move this clock, but could read the
 * fresh tokens in those answers as well.
 */
public final class RegistryClock extends Clock {
  private static final Logger LOG = Logger.getLogger(RegistryClock.class.getName());

  /** Offsets within this are a clock that is right, read through whole seconds and the network. */
  static final Duration TOLERANCE = Duration.ofSeconds(5);

  /** Changes of an offset within this are the noise of whole seconds and the network. */
  private static final Duration RESOLUTION = Duration.ofSeconds(2);

  private final InstantSource machine;
  private volatile Duration offset = Duration.ZERO;

  public RegistryClock(InstantSource machine) {
    this.machine = machine;
  }

  /**
   * Takes the time an answer of the resource manager says it was sent, as it arrives.
   *
   * @param sent the answer's {@code Date}, to the second
   */
  public void observe(Instant sent) {
    // Date drops the fraction of its second: half a second is its mean
    Duration seen = Duration.between(machine.instant(), sent.plusMillis(500));
    Duration before = offset;
    if (before.isZero()) {
      if (seen.abs().compareTo(TOLERANCE) > 0) {
        offset = seen;
        LOG.warning(
            () ->
                "this machine's clock is "
                    + seen.abs().toSeconds()
                    + " s "
                    + (seen.isNegative() ? "ahead of" : "behind")
                    + " the resource manager's: peers' tokens are checked by the resource manager's"
                    + " time; set the clock right (NTP)");
      }
    } else if (seen.abs().compareTo(TOLERANCE.dividedBy(2)) < 0) {
      // well within the tolerance, so that a clock just at its edge does not go back and forth
      offset = Duration.ZERO;
      LOG.info("this machine's clock agrees with the resource manager's again");
    } else if (seen.minus(before).abs().compareTo(RESOLUTION) > 0) {
      offset = seen;
      LOG.fine(() -> "the resource manager's clock is now " + seen + " ahead of this machine's");
    }
  }

  /** How far the resource manager's clock is ahead of this machine's (negative: behind). */
  public Duration offset() {
    return offset;
  }

  @Override
  public Instant instant() {
    return machine.instant().plus(offset);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("the resource manager's time has no zone of its own");
  }
}
