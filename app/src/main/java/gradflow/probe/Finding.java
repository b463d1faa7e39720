package gradflow.probe;

import java.util.Map;

/**
 * One diagnosis: what is wrong, where, the numbers that show it and what to change.
 *
 * @param code stable identifier such as VANISHING_GRADIENT
 * @param layer the layer it concerns (or "network")
 * @param message one sentence in plain words, with the key numbers
 * @param evidence the measured values, by snake_case name (numbers, strings or lists)
 * @param threshold the threshold key and value that the evidence crossed
 * @param remedy a concrete change to try
 */
public record Finding(
    String code,
    Severity severity,
    String layer,
    String message,
    Map<String, Object> evidence,
    Map<String, Double> threshold,
    String remedy) {}
