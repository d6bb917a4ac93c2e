package io.graphstaging.s3.aws;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.FetchedObjects;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.ObjectInfo;
import io.graphstaging.core.model.ObjectPattern;
import io.graphstaging.core.model.ObjectUri;
import io.graphstaging.core.port.ObjectStore;
import io.graphstaging.core.task.ProgressListener;
import io.graphstaging.core.task.ProgressPhase;
import io.graphstaging.core.task.ProgressUnit;
import io.graphstaging.core.task.TaskProgress;
import io.graphstaging.s3.spool.DiskFull;
import io.graphstaging.s3.spool.Spool;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.EncodingType;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@link ObjectStore} on S3 (AWS SDK v2, synchronous client). A glob is listed from its literal
 * prefix with paginated ListObjectsV2 and matched on each key; a list is checked with
 * HeadObject. Objects are downloaded to the {@link Spool} in parallel on a pool of
 * {@code maxConcurrency} threads shared by all operations, each GET conditional on the listed
 * ETag so that a changed object is never stored under the old version's name.
 */
public final class S3ObjectStore implements ObjectStore, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(S3ObjectStore.class);

    private final S3Client client;
    private final Spool spool;
    private final ExecutorService requests;

    /** Takes ownership of the client: {@link #close()} closes it. */
    public S3ObjectStore(S3Client client, Spool spool, int maxConcurrency) {
        this.client = client;
        this.spool = spool;
        this.requests = Executors.newFixedThreadPool(maxConcurrency, daemonThreads());
    }

    @Override
    public List<ObjectInfo> resolve(ObjectPattern pattern) {
        if (pattern instanceof ObjectPattern.Glob glob) {
            return resolveGlob(glob);
        }
        return resolveList((ObjectPattern.UriList) pattern);
    }

    private List<ObjectInfo> resolveGlob(ObjectPattern.Glob glob) {
        ListObjectsV2Request request = ListObjectsV2Request.builder()
                .bucket(glob.bucket())
                .prefix(glob.literalPrefix())
                .encodingType(EncodingType.URL) // keys with any character survive the XML; the SDK decodes them
                .build();
        List<ObjectInfo> found = new ArrayList<>();
        int unaddressable = 0;
        try {
            for (S3Object object : client.listObjectsV2Paginator(request).contents()) {
                String key = object.key();
                // A key ending in '/' is a folder marker, not a file.
                if (key.endsWith("/") || !glob.matches(key)) {
                    continue;
                }
                Optional<ObjectUri> uri = addressable(glob.bucket(), key);
                if (uri.isEmpty()) {
                    unaddressable++;
                    continue;
                }
                found.add(new ObjectInfo(uri.get(), object.size(), object.eTag()));
            }
        } catch (SdkException e) {
            throw S3Errors.translate(e, glob.bucket(), "listing " + glob.describe());
        }
        if (unaddressable > 0) {
            LOG.warn("{} keys matching {} were skipped: they contain '.' or '..' segments or control characters",
                    unaddressable, glob.describe());
        }
        if (found.isEmpty()) {
            throw new StagingException(ErrorCode.OBJECT_NOT_FOUND, "No object matches " + glob.describe());
        }
        // S3 lists in UTF-8 byte order; sort like every other store does.
        found.sort(Comparator.comparing(o -> o.uri().key()));
        return found;
    }

    private static Optional<ObjectUri> addressable(String bucket, String key) {
        try {
            return Optional.of(new ObjectUri(bucket, key));
        } catch (StagingException notAValidUri) {
            return Optional.empty();
        }
    }

    private List<ObjectInfo> resolveList(ObjectPattern.UriList list) {
        List<CompletableFuture<Optional<ObjectInfo>>> heads = new ArrayList<>();
        for (ObjectUri uri : list.uris()) {
            heads.add(CompletableFuture.supplyAsync(() -> head(uri), requests));
        }
        List<ObjectInfo> found = new ArrayList<>();
        List<ObjectUri> missing = new ArrayList<>();
        StagingException failure = null;
        for (int i = 0; i < heads.size(); i++) {
            try {
                Optional<ObjectInfo> info = heads.get(i).join();
                if (info.isPresent()) {
                    found.add(info.get());
                } else {
                    missing.add(list.uris().get(i));
                }
            } catch (CompletionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof StagingException staging ? staging
                            : new StagingException(ErrorCode.OBJECT_STORE_FAILED,
                                    "Checking " + list.uris().get(i) + " failed: " + e.getCause());
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        if (!missing.isEmpty()) {
            throw list.notFound(missing);
        }
        return found;
    }

    @Override
    public Optional<ObjectInfo> head(ObjectUri uri) {
        try {
            HeadObjectResponse response = client.headObject(b -> b.bucket(uri.bucket()).key(uri.key()));
            return Optional.of(new ObjectInfo(uri, response.contentLength(), response.eTag()));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw S3Errors.translate(e, uri.bucket(), "reading the metadata of " + uri);
        } catch (SdkException e) {
            throw S3Errors.translate(e, uri.bucket(), "reading the metadata of " + uri);
        }
    }

    @Override
    public FetchedObjects fetch(GraphId graph, List<ObjectInfo> objects) {
        return spool.fetch(graph, objects, (object, target) ->
                // toFile deletes a partly written file before the SDK retries a broken transfer.
                download(object, () -> client.getObject(request(object), ResponseTransformer.toFile(target))), requests);
    }

    /**
     * Downloads as {@link #fetch(GraphId, List)} does, reporting the bytes received (objects the
     * spool already holds count at the end). Cancelling aborts the open downloads; the spool
     * deletes their partial files and the cancellation's error is thrown.
     */
    @Override
    public FetchedObjects fetch(GraphId graph, List<ObjectInfo> objects, Cancellation cancellation,
                                ProgressListener progress) {
        cancellation.throwIfCancelled();
        long total = objects.stream().mapToLong(ObjectInfo::sizeBytes).sum();
        AtomicLong received = new AtomicLong();
        progress.report(TaskProgress.of(ProgressPhase.FETCHING, 0, total, ProgressUnit.BYTES));
        FetchedObjects fetched;
        try {
            fetched = spool.fetch(graph, objects, (object, target) -> download(object, () -> client.getObject(
                    request(object), new CountingTransfer(target, cancellation, bytes -> progress.report(TaskProgress.of(
                            ProgressPhase.FETCHING, Math.min(total, received.addAndGet(bytes)), total, ProgressUnit.BYTES))))),
                    requests);
        } catch (StagingException e) {
            cancellation.throwIfCancelled(); // an aborted download fails as the cancel, not as the store
            throw e;
        }
        if (cancellation.isCancelled()) {
            fetched.close();
            cancellation.throwIfCancelled();
        }
        progress.report(TaskProgress.of(ProgressPhase.FETCHING, total, total, ProgressUnit.BYTES));
        return fetched;
    }

    private static GetObjectRequest request(ObjectInfo object) {
        return GetObjectRequest.builder()
                .bucket(object.uri().bucket())
                .key(object.uri().key())
                .ifMatch(object.etag())
                .build();
    }

    /** One GET through the SDK, its failures translated. */
    private interface Get {
        void run() throws IOException;
    }

    private void download(ObjectInfo object, Get get) throws IOException {
        ObjectUri uri = object.uri();
        try {
            get.run();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new StagingException(ErrorCode.OBJECT_NOT_FOUND,
                        "Object not found: " + uri + " (it was removed after it was listed)");
            }
            throw S3Errors.translate(e, uri.bucket(), "fetching " + uri);
        } catch (SdkException e) {
            // Writing the local copy failed, not the store: the spool reports its own disk.
            Optional<IOException> diskFull = DiskFull.in(e);
            if (diskFull.isPresent()) {
                throw diskFull.get();
            }
            throw S3Errors.translate(e, uri.bucket(), "fetching " + uri);
        }
    }

    /**
     * Any HTTP answer counts as reachable: scoped credentials are often refused ListBuckets
     * while they may read their own buckets.
     */
    @Override
    public void checkHealth() {
        try {
            client.listBuckets();
        } catch (S3Exception e) {
            LOG.debug("Health check: the object store answered HTTP {}", e.statusCode());
        } catch (SdkException e) {
            throw S3Errors.translate(e, "(any)", "checking the object store's health");
        }
    }

    @Override
    public void close() {
        requests.shutdown();
        try {
            if (!requests.awaitTermination(30, TimeUnit.SECONDS)) {
                requests.shutdownNow();
            }
        } catch (InterruptedException e) {
            requests.shutdownNow();
            Thread.currentThread().interrupt();
        }
        client.close();
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "s3-request-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
