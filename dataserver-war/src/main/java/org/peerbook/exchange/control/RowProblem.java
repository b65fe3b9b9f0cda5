package org.peerbook.exchange.control;

/**
 * What is wrong with one row of a CSV file or one card of a vCard file.
 *
 * @param line the line the row or card starts on, counting from 1
 * @param field the column or property at fault, or {@code null} for the row as a whole
 */
public record RowProblem(long line, String field, String why) {}
