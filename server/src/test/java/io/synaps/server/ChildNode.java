package io.synaps.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ChildNode is a Synaps node running as a separate JVM ({@code io.synaps.server.Main serve}) on
 * this test's classpath, so a test can kill it with SIGKILL and start it again on the same data.
 * Its output is kept for failure messages. Test fixture; not thread-safe.
 */
final class ChildNode implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("Synaps listening on port (\\d+)");

    private final Process process;
    private final List<String> output;
    private final int port;

    private ChildNode(Process process, List<String> output, int port) {
        this.process = process;
        this.output = output;
        this.port = port;
    }

    /** CommandResult is the exit code and merged output of a finished {@code Main} command. */
    record CommandResult(int exit, String output) {
    }

    /** Runs {@code io.synaps.server.Main <args>} to completion in a separate JVM (e.g. {@code keys create}). */
    static CommandResult runMain(Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "io.synaps.server.Main"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("Main " + String.join(" ", args) + " did not finish");
            }
            return new CommandResult(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Starts {@code Main serve} on a random port over {@code dataDir} and waits for its ready line. */
    static ChildNode start(Path dataDir, Map<String, String> extraEnv) {
        ProcessBuilder pb = new ProcessBuilder(javaBinary(), "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "io.synaps.server.Main", "serve");
        pb.environment().put("SYNAPS_PORT", "0");
        pb.environment().put("SYNAPS_DATA_DIR", dataDir.toString());
        pb.environment().putAll(extraEnv);
        pb.redirectErrorStream(true);
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Integer> ready = new CompletableFuture<>();
        Thread pump = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                    Matcher m = READY.matcher(line);
                    if (m.find()) {
                        ready.complete(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (IOException e) {
                // the process died; the ready future reports it below
            }
            ready.completeExceptionally(new IllegalStateException("child exited before its ready line"));
        }, "child-node-output");
        pump.setDaemon(true);
        pump.start();
        try {
            int port = ready.get(60, TimeUnit.SECONDS);
            return new ChildNode(process, lines, port);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("child node did not become ready; output:\n" + String.join("\n", lines), e);
        }
    }

    int port() {
        return port;
    }

    /** SIGKILL: no shutdown hook, no flush, like a power cut for the process. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Everything the child printed so far. */
    String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
