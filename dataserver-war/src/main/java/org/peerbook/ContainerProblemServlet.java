package org.peerbook;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The error page for refusals the servlet container makes itself (authentication, unknown paths),
 * so that they too carry a problem-details body instead of an HTML page.
 */
@WebServlet("/container-problem")
public class ContainerProblemServlet extends HttpServlet {
  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    int status = code instanceof Integer given ? given : HttpServletResponse.SC_NOT_FOUND;
    String path = String.valueOf(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI));
    String detail =
        switch (status) {
          case 401 -> "administrator credentials are required (HTTP Basic, or a console session)";
          case 403 -> "these credentials do not grant administration";
          case 405 -> "this method is not allowed here";
          default -> "nothing is here";
        };
    response.setStatus(status);
    response.setContentType(Problems.PROBLEM_JSON.toString());
    response.setCharacterEncoding("UTF-8");
    response.getWriter().write(Problems.body(status, detail, path).toString());
  }
}
