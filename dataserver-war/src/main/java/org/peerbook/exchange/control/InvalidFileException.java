package org.peerbook.exchange.control;

import java.util.List;

/** An import file with bad rows or cards: nothing of it applies, and each problem is listed. */
public class InvalidFileException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The most problems listed: a wholly wrong file must not produce a huge answer. */
  public static final int MAX_LISTED = 1000;

  private final transient List<RowProblem> problems;

  public InvalidFileException(List<RowProblem> problems) {
    super(
        problems.size()
            + (problems.size() == 1 ? " problem" : " problems")
            + " in the file, nothing imported; first: line "
            + problems.get(0).line()
            + (problems.get(0).field() == null ? "" : ", " + problems.get(0).field())
            + ": "
            + problems.get(0).why());
    this.problems = List.copyOf(problems);
  }

  public List<RowProblem> problems() {
    return problems;
  }
}
