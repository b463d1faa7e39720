package gradflow.probe;

import gradflow.spec.Thresholds;
import java.util.List;

/** Turns a run's numbers into findings. One check per problem; each has a documented default. */
public interface Check {
  List<Finding> check(RunStats run, Thresholds thresholds);
}
