package gradflow.layers;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/** dL/d(input) and dL/d(parameter) for each parameter name, shaped like what they differentiate. */
public record Gradients(INDArray input, Map<String, INDArray> parameters) {}
