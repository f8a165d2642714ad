package io.dbagent.report;

/**
 * A command's own part of a {@link Report} that shows more than the findings in text or Markdown (a plan tree, a
 * table of indexes). {@link ReportRenderer} asks the payload for the whole text or Markdown; the default is the
 * shared layout, and an implementation uses the shared pieces ({@link ReportRenderer#findingText}) for findings.
 */
public interface ReportPayload {

    /** The report as text for terminals. */
    default String text(Report<?> report) {
        return ReportRenderer.text(report);
    }

    /** The report as Markdown. */
    default String markdown(Report<?> report) {
        return ReportRenderer.markdown(report);
    }
}
