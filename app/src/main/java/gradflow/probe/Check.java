package gradflow.probe;

import gradflow.spec.Thresholds;
import java.util.List;

/**
 * Turns a run's numbers into findings of one code. Each check declares what it is ({@link
 * #info()}); the rule and its documented defaults live in the check.
 */
public interface Check {
  CheckInfo info();

  List<Finding> check(RunStats run, Thresholds thresholds);
}
