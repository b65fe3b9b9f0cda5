package org.peerbook.administrators.boundary;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * An administrator signed in to the console: the name and a CSRF token kept in the servlet session,
 * whose cookie is HttpOnly and SameSite=Strict ({@code web.xml}). The browser never holds the
 * password after sign-in and the page holds the token in memory only. Requests that change
 * something must repeat the token in {@value #CSRF_HEADER}: a page of another origin can make the
 * browser send the cookie (where SameSite does not stop it) but cannot read the token.
 */
public record ConsoleSession(String name, String csrfToken) {
  public static final String CSRF_HEADER = "X-PeerBook-CSRF";

  /** Idle minutes before a console session ends; the page signs in again after that. */
  public static final int IDLE_MINUTES = 30;

  private static final String NAME = ConsoleSession.class.getName() + ".name";
  private static final String TOKEN = ConsoleSession.class.getName() + ".csrf";
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * Starts a session for {@code name} under a new session id: a session id planted before sign-in
   * (session fixation) is never the one that carries the login.
   */
  static ConsoleSession open(HttpServletRequest request, String name) {
    HttpSession earlier = request.getSession(false);
    if (earlier != null) {
      earlier.invalidate();
    }
    HttpSession session = request.getSession(true);
    byte[] token = new byte[32];
    RANDOM.nextBytes(token);
    ConsoleSession opened =
        new ConsoleSession(name, Base64.getUrlEncoder().withoutPadding().encodeToString(token));
    session.setAttribute(NAME, opened.name());
    session.setAttribute(TOKEN, opened.csrfToken());
    session.setMaxInactiveInterval(IDLE_MINUTES * 60);
    return opened;
  }

  /** The console session the request carries, if any. */
  static Optional<ConsoleSession> of(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    if (session == null) {
      return Optional.empty();
    }
    try {
      if (session.getAttribute(NAME) instanceof String name
          && session.getAttribute(TOKEN) instanceof String token) {
        return Optional.of(new ConsoleSession(name, token));
      }
    } catch (IllegalStateException invalidated) {
      // ended by another request meanwhile
    }
    return Optional.empty();
  }

  static void close(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    if (session != null) {
      try {
        session.invalidate();
      } catch (IllegalStateException alreadyEnded) {
        // signed out by another request meanwhile: the same outcome
      }
    }
  }

  /** Whether the request repeats this session's token (compared in constant time). */
  boolean isRepeatedIn(HttpServletRequest request) {
    String sent = request.getHeader(CSRF_HEADER);
    return sent != null
        && MessageDigest.isEqual(
            sent.getBytes(StandardCharsets.UTF_8), csrfToken.getBytes(StandardCharsets.UTF_8));
  }

  /** Reading methods change nothing, so they need no token (and a plain link may open them). */
  static boolean changesState(HttpServletRequest request) {
    String method = request.getMethod();
    return !("GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method));
  }
}
