package io.sluice.adapters.archive;

import io.sluice.application.port.out.ArchiveUnavailableException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Objects in an S3 bucket (or an S3-compatible store through an endpoint and path-style access)
 * through the AWS SDK for Java v2; credentials and region come from the SDK's standard chain. A
 * PutObject is atomic: the object appears whole or not at all. Thread-safe.
 */
final class S3ObjectStore implements ObjectStore, AutoCloseable {

    private final S3Client s3;
    private final String bucket;
    private final String prefix;

    S3ObjectStore(String bucket, String prefix, URI endpoint) {
        S3ClientBuilder builder = S3Client.builder().httpClient(UrlConnectionHttpClient.create());
        if (endpoint != null) {
            // S3-compatible stores often lack the SDK's default trailing checksums (aws-chunked uploads):
            // send and check checksums only where the API requires them; the archive checks SHA-256 itself.
            builder.endpointOverride(endpoint).forcePathStyle(true)
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
        this.s3 = builder.build();
        this.bucket = bucket;
        this.prefix = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
    }

    @Override
    public void put(String key, Path file) {
        guard("upload " + key, () -> s3.putObject(PutObjectRequest.builder().bucket(bucket).key(prefix + key).build(),
                RequestBody.fromFile(file)));
    }

    @Override
    public void putBytes(String key, byte[] bytes) {
        guard("upload " + key, () -> s3.putObject(PutObjectRequest.builder().bucket(bucket).key(prefix + key).build(),
                RequestBody.fromBytes(bytes)));
    }

    @Override
    public void get(String key, Path target) {
        guard("download " + key, () -> {
            Files.deleteIfExists(target);
            return s3.getObject(GetObjectRequest.builder().bucket(bucket).key(prefix + key).build(), target);
        });
    }

    @Override
    public Optional<byte[]> getBytes(String key) {
        try {
            return Optional.of(guard("download " + key, () -> s3.getObjectAsBytes(
                    GetObjectRequest.builder().bucket(bucket).key(prefix + key).build()).asByteArray()));
        } catch (ArchiveUnavailableException failed) {
            if (failed.getCause() instanceof NoSuchKeyException) {
                return Optional.empty();
            }
            throw failed;
        }
    }

    @Override
    public List<String> list(String keyPrefix) {
        return guard("list " + keyPrefix, () -> {
            List<String> keys = new ArrayList<>();
            String token = null;
            do {
                ListObjectsV2Response page = s3.listObjectsV2(ListObjectsV2Request.builder().bucket(bucket)
                        .prefix(prefix + keyPrefix).continuationToken(token).build());
                for (S3Object object : page.contents()) {
                    keys.add(object.key().substring(prefix.length()));
                }
                token = page.isTruncated() ? page.nextContinuationToken() : null;
            } while (token != null);
            keys.sort(null);
            return keys;
        });
    }

    @Override
    public String describe() {
        return "s3://" + bucket + "/" + prefix;
    }

    @Override
    public void close() {
        s3.close();
    }

    @FunctionalInterface
    private interface Call<T> {
        T run() throws Exception;
    }

    private <T> T guard(String what, Call<T> call) {
        try {
            return call.run();
        } catch (SdkException | java.io.IOException failed) {
            throw new ArchiveUnavailableException("could not " + what + " in " + describe() + ": " + failed.getMessage(), failed);
        } catch (RuntimeException failed) {
            throw failed;
        } catch (Exception failed) {
            throw new ArchiveUnavailableException("could not " + what + " in " + describe() + ": " + failed.getMessage(), failed);
        }
    }
}
