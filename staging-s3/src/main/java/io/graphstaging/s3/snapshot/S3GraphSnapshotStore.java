package io.graphstaging.s3.snapshot;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.ObjectUri;
import io.graphstaging.core.snapshot.GraphSnapshotStore;
import io.graphstaging.core.snapshot.Sha256;
import io.graphstaging.core.snapshot.Snapshot;
import io.graphstaging.core.snapshot.SnapshotFile;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Graph snapshots in S3 under {@code s3://<bucket>/<prefix>/<graph_id>/snapshots/}: each file
 * is one object ({@code <id>/<name>}, multipart above {@link #MULTIPART_THRESHOLD}), the
 * {@code latest} pointer is written after every file, and the previous snapshot's objects are
 * deleted after it. A download streams to a temp file, checks its SHA-256, then renames it.
 */
public final class S3GraphSnapshotStore implements GraphSnapshotStore, AutoCloseable {
    static final long MULTIPART_THRESHOLD = 64L << 20;
    static final long PART_SIZE = 16L << 20;

    private final S3Client s3;
    private final ObjectUri location;
    private final long multipartThreshold;
    private final long partSize;

    public S3GraphSnapshotStore(S3Client s3, ObjectUri location) {
        this(s3, location, MULTIPART_THRESHOLD, PART_SIZE);
    }

    /** Thresholds given: tests take the multipart path with small files. */
    public S3GraphSnapshotStore(S3Client s3, ObjectUri location, long multipartThreshold, long partSize) {
        this.s3 = s3;
        this.location = location;
        this.multipartThreshold = multipartThreshold;
        this.partSize = partSize;
    }

    @Override
    public Snapshot publish(GraphId graph, Map<String, Path> files) {
        String id = UUID.randomUUID().toString();
        Optional<Snapshot> previous = latest(graph);
        List<SnapshotFile> recorded = new ArrayList<>();
        try {
            for (Map.Entry<String, Path> file : new TreeMap<>(files).entrySet()) {
                long size = Files.size(file.getValue());
                SnapshotFile entry = new SnapshotFile(file.getKey(), size, Sha256.of(file.getValue()).hex());
                upload(key(graph, id + "/" + entry.name()), file.getValue(), size);
                recorded.add(entry);
            }
            Snapshot snapshot = new Snapshot(graph, id, recorded);
            s3.putObject(b -> b.bucket(location.bucket()).key(key(graph, "latest")),
                    RequestBody.fromString(snapshot.pointer(), StandardCharsets.UTF_8));
            previous.ifPresent(old -> deleteUnder(graph, old.id() + "/"));
            return snapshot;
        } catch (IOException | SdkException e) {
            // The pointer still names the previous snapshot; the new one's objects are removed.
            deleteQuietly(graph, id + "/", e);
            throw new StagingException(ErrorCode.SNAPSHOT_FAILED, "Cannot snapshot graph " + graph + " to "
                    + new ObjectUri(location.bucket(), key(graph, id)) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Snapshot> latest(GraphId graph) {
        try {
            String pointer = s3.getObjectAsBytes(b -> b.bucket(location.bucket()).key(key(graph, "latest"))).asUtf8String();
            return Optional.of(Snapshot.parse(graph, pointer));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw new StagingException(ErrorCode.SNAPSHOT_FAILED, "Cannot read the latest snapshot of graph " + graph
                    + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void download(Snapshot snapshot, Path directory) {
        for (SnapshotFile file : snapshot.files()) {
            Path target = directory.resolve(file.name());
            Path part = directory.resolve(file.name() + ".part");
            try {
                Files.deleteIfExists(part);
                s3.getObject(b -> b.bucket(location.bucket()).key(key(snapshot.graph(), snapshot.id() + "/" + file.name())),
                        ResponseTransformer.toFile(part));
                if (Files.size(part) != file.size() || !Sha256.of(part).hex().equals(file.sha256())) {
                    Files.delete(part);
                    throw new StagingException(ErrorCode.SNAPSHOT_CORRUPT, "File " + file.name() + " of snapshot "
                            + snapshot.id() + " of graph " + snapshot.graph() + " does not match its SHA-256;"
                            + " the graph is not restored from it");
                }
                Files.move(part, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException | SdkException e) {
                throw new StagingException(ErrorCode.SNAPSHOT_FAILED, "Cannot download file " + file.name()
                        + " of snapshot " + snapshot.id() + " of graph " + snapshot.graph() + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public boolean deleteAll(GraphId graph) {
        try {
            return deleteUnder(graph, "") > 0;
        } catch (SdkException e) {
            throw new StagingException(ErrorCode.SNAPSHOT_FAILED, "Cannot delete the snapshots of graph " + graph
                    + ": " + e.getMessage(), e);
        }
    }

    private void upload(String key, Path file, long size) throws IOException {
        if (size <= multipartThreshold) {
            s3.putObject(b -> b.bucket(location.bucket()).key(key), RequestBody.fromFile(file));
            return;
        }
        String uploadId = s3.createMultipartUpload(b -> b.bucket(location.bucket()).key(key)).uploadId();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            List<CompletedPart> parts = new ArrayList<>();
            int number = 1;
            for (long offset = 0; offset < size; offset += partSize, number++) {
                long length = Math.min(partSize, size - offset);
                int partNumber = number;
                RequestBody body = RequestBody.fromByteBuffer(channel.map(FileChannel.MapMode.READ_ONLY, offset, length));
                String etag = s3.uploadPart(b -> b.bucket(location.bucket()).key(key).uploadId(uploadId)
                        .partNumber(partNumber).contentLength(length), body).eTag();
                parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
            }
            s3.completeMultipartUpload(b -> b.bucket(location.bucket()).key(key).uploadId(uploadId)
                    .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()));
        } catch (IOException | SdkException e) {
            try {
                s3.abortMultipartUpload(b -> b.bucket(location.bucket()).key(key).uploadId(uploadId));
            } catch (SdkException abort) {
                e.addSuppressed(abort);
            }
            throw e;
        }
    }

    /** Deletes the graph's snapshot objects whose key starts with {@code relativePrefix}; returns how many. */
    private int deleteUnder(GraphId graph, String relativePrefix) {
        String prefix = key(graph, relativePrefix);
        int deleted = 0;
        for (var page : s3.listObjectsV2Paginator(b -> b.bucket(location.bucket()).prefix(prefix))) {
            List<ObjectIdentifier> ids = page.contents().stream().map(S3Object::key)
                    .map(k -> ObjectIdentifier.builder().key(k).build()).toList();
            if (!ids.isEmpty()) {
                s3.deleteObjects(b -> b.bucket(location.bucket()).delete(Delete.builder().objects(ids).quiet(true).build()));
                deleted += ids.size();
            }
        }
        return deleted;
    }

    private void deleteQuietly(GraphId graph, String relativePrefix, Exception failure) {
        try {
            deleteUnder(graph, relativePrefix);
        } catch (SdkException e) {
            failure.addSuppressed(e);
        }
    }

    /** Closes the S3 client this store was given. */
    @Override
    public void close() {
        s3.close();
    }

    private String key(GraphId graph, String relative) {
        return location.key() + "/" + graph.value() + "/snapshots/" + relative;
    }
}
