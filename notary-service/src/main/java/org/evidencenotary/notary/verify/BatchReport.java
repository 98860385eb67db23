package org.evidencenotary.notary.verify;

import java.util.List;
import java.util.Map;

/**
 * The answer to a batch check.
 *
 * @param files how many files were read (rows)
 * @param totals for each verdict the service answers, how many files got it (zero included)
 * @param errors how many files could not be checked
 * @param results one row per file, in the order they were sent
 */
public record BatchReport(int files, Map<String, Integer> totals, int errors, List<BatchRow> results) {}
