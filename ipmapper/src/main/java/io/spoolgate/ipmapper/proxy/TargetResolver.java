package io.spoolgate.ipmapper.proxy;

import io.spoolgate.ipmapper.config.Cidr;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Turns a target host into an address without blocking an event loop: address literals are converted directly,
 * host names are looked up on a small dedicated thread pool.
 */
final class TargetResolver implements AutoCloseable {
    private final ExecutorService lookups = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "ipmapper-dns");
        thread.setDaemon(true);
        return thread;
    });

    CompletableFuture<InetSocketAddress> resolve(String host, int port) {
        if (Cidr.isAddressLiteral(host)) {
            try {
                return CompletableFuture.completedFuture(new InetSocketAddress(InetAddress.getByAddress(Cidr.parseAddressLiteral(host)), port));
            } catch (UnknownHostException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new InetSocketAddress(InetAddress.getByName(host), port);
            } catch (UnknownHostException e) {
                throw new CompletionException(e);
            }
        }, lookups);
    }

    @Override
    public void close() {
        lookups.shutdownNow();
    }
}
