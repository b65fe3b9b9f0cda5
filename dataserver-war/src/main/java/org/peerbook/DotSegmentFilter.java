package org.peerbook;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Refuses request paths with dot segments ({@code /./}, {@code /../}, a trailing {@code /.}, also
 * percent-encoded): no PeerBook path has one, and each is a spelling that the security constraints,
 * the servlet mapping and JAX-RS could read differently ({@code POST /api/contacts/.} was answered
 * 200 without credentials by something other than the API).
 */
@WebFilter("/*")
public class DotSegmentFilter extends HttpFilter {
  private static final long serialVersionUID = 1L;
  private static final Pattern DOT_SEGMENT = Pattern.compile("(^|/)(\\.|%2e){1,2}(/|$)");

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String path = request.getRequestURI().toLowerCase(Locale.ROOT).replace("%2f", "/");
    if (DOT_SEGMENT.matcher(path).find()) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      response.setContentType(Problems.PROBLEM_JSON.toString());
      response.setCharacterEncoding("UTF-8");
      response
          .getWriter()
          .write(
              Problems.body(400, "a path must not hold . or .. segments", request.getRequestURI())
                  .toString());
      return;
    }
    chain.doFilter(request, response);
  }
}
