package gradflow.app;

import gradflow.report.Report;
import gradflow.report.Verdict;

/** A run with the gate's verdict and the report built from both. */
public record JudgedRun(RunResult result, Verdict verdict, Report report) {}
