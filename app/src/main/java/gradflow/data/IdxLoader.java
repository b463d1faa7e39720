package gradflow.data;

import gradflow.spec.IdxSpec;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Loads {@code data: {idx: ...}}: unsigned-byte IDX images [N, ...] of any shape (Fashion-MNIST,
 * MNIST, or one's own) and labels [N]; pixels become float32 as stored (0..255) unless scaled, the
 * classes are the largest label + 1.
 */
final class IdxLoader {
  private IdxLoader() {}

  static FileSets load(IdxSpec spec, List<Integer> input) {
    FileData.Rows train = rows(Path.of(spec.trainImages()), Path.of(spec.trainLabels()), input);
    FileData.notEmpty(train.file(), train.n());
    FileData.Rows test =
        spec.testImages() == null
            ? null
            : rows(Path.of(spec.testImages()), Path.of(spec.testLabels()), input);
    int classes = FileData.classes(train.labels(), test == null ? new int[0] : test.labels());
    return new FileSets(train, test, classes, Path.of(spec.trainLabels()));
  }

  private static FileData.Rows rows(Path imagesFile, Path labelsFile, List<Integer> input) {
    IdxReader.IdxData images = IdxReader.readAny(imagesFile);
    int n = images.count();
    long[] example = Arrays.stream(images.dims()).skip(1).asLongStream().toArray();
    FileData.checkShape(imagesFile, example, n, input, "");
    IdxReader.IdxData labels =
        IdxReader.read(labelsFile, IdxReader.LABELS_MAGIC, DataFiles.FIX_SPEC_PATH);
    FileData.sameCount(imagesFile, n, labelsFile, labels.count());
    byte[] data = images.data();
    float[] values = new float[data.length];
    for (int i = 0; i < data.length; i++) values[i] = data[i] & 0xFF;
    int[] classes = new int[n];
    for (int i = 0; i < n; i++) classes[i] = labels.data()[i] & 0xFF;
    return new FileData.Rows(imagesFile, values, n, n == 0 ? 0 : data.length / n, classes);
  }
}
