package gradflow.probe;

import java.util.List;

/** Everything measured at one logged step; {@code layers} is input side first. */
public record StepStats(int step, double loss, double accuracy, List<LayerStepStats> layers) {}
