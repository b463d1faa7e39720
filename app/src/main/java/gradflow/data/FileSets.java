package gradflow.data;

import java.nio.file.Path;

/**
 * What a file loader read, before scaling: training rows, test rows (or null), the classes the
 * labels imply and the file that holds the training labels (named when classes do not fit).
 */
record FileSets(FileData.Rows train, FileData.Rows test, int classes, Path labelFile) {}
