package io.synaps.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ClientCompatIT runs the scripts in {@code compat/} (aws CLI and boto3 over AWS Query, current
 * boto3 and the JavaScript SDK over AWS JSON 1.0; the aws CLI's sns commands) as child processes against a real node and
 * fails when a script reports a failure. A missing client is skipped with a visible message on a
 * developer machine and fails on CI ({@code CI=true}), where .ci/run installs every client.
 */
class ClientCompatIT {
    private static final Pattern SUMMARY = Pattern.compile("(?m)^[\\w-]+: (\\d+) passed, (\\d+) failed$");
    private static EmbeddedNode node;
    private static Path repo;

    /** Script is one compat client run: what it needs, and the command that runs it from the repository root. */
    private record Script(String name, boolean present, String missing, List<String> command) {
    }

    /** Outcome is a finished script run. */
    private record Outcome(String output, int exit) {
    }

    private static final Map<String, CompletableFuture<Outcome>> RUNS = new ConcurrentHashMap<>();
    private static final Map<String, Script> SCRIPTS = new ConcurrentHashMap<>();
    private static final ExecutorService LAUNCHER = Executors.newCachedThreadPool();

    @BeforeAll
    static void startNodeAndScripts() {
        node = EmbeddedNode.start();
        Path base = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        repo = Files.isDirectory(base.resolve("compat")) ? base : base.getParent();
        assertThat(repo.resolve("compat")).as("compat/ folder of the repository").isDirectory();

        List<Script> scripts = List.of(
                new Script("awscli-query", Files.isExecutable(Path.of("/usr/bin/aws")),
                        "Debian's aws CLI (/usr/bin/aws; apt-get install awscli)",
                        List.of("bash", "compat/awscli-query.sh")),
                new Script("boto3 (Debian)", works("/usr/bin/python3", "-c", "import boto3"),
                        "Debian's python3-boto3 (/usr/bin/python3 with boto3; apt-get install python3-boto3)",
                        List.of("/usr/bin/python3", "compat/boto3_query.py")),
                new Script("boto3 (python3 on PATH)", works("python3", "-c", "import boto3, sys; "
                                + "sys.exit(0 if tuple(int(x) for x in boto3.__version__.split('.')[:3]) >= (1, 42, 7) else 1)"),
                        "python3 on PATH with boto3 >= 1.42.7, which speaks JSON 1.0 (pip install boto3)",
                        List.of("python3", "compat/boto3_query.py")),
                new Script("js", works("node", "--version")
                        && Files.isDirectory(repo.resolve("compat/js/node_modules/@aws-sdk/client-cloudwatch")),
                        "node with compat/js/node_modules (npm ci --prefix compat/js)",
                        List.of("node", "compat/js/test.mjs")),
                new Script("awscli-alarms", Files.isExecutable(Path.of("/usr/bin/aws")),
                        "Debian's aws CLI (/usr/bin/aws; apt-get install awscli)",
                        List.of("bash", "compat/awscli-alarms.sh")),
                new Script("boto3-alarms (Debian)", works("/usr/bin/python3", "-c", "import boto3"),
                        "Debian's python3-boto3 (/usr/bin/python3 with boto3; apt-get install python3-boto3)",
                        List.of("/usr/bin/python3", "compat/boto3_alarms.py")),
                new Script("boto3-alarms (python3 on PATH)", works("python3", "-c", "import boto3, sys; "
                                + "sys.exit(0 if tuple(int(x) for x in boto3.__version__.split('.')[:3]) >= (1, 42, 7) else 1)"),
                        "python3 on PATH with boto3 >= 1.42.7, which speaks JSON 1.0 (pip install boto3)",
                        List.of("python3", "compat/boto3_alarms.py")),
                new Script("js-alarms", works("node", "--version")
                        && Files.isDirectory(repo.resolve("compat/js/node_modules/@aws-sdk/client-cloudwatch")),
                        "node with compat/js/node_modules (npm ci --prefix compat/js)",
                        List.of("node", "compat/js/alarms.mjs")),
                new Script("awscli-sns", Files.isExecutable(Path.of("/usr/bin/aws")),
                        "Debian's aws CLI (/usr/bin/aws; apt-get install awscli)",
                        List.of("bash", "compat/awscli-sns.sh")),
                new Script("awscli-widget", Files.isExecutable(Path.of("/usr/bin/aws")),
                        "Debian's aws CLI (/usr/bin/aws; apt-get install awscli)",
                        List.of("bash", "compat/awscli-widget.sh")));
        // the scripts use their own namespaces and dashboards, so they run side by side (most of their time is client start-up)
        for (Script script : scripts) {
            SCRIPTS.put(script.name(), script);
            if (script.present()) {
                RUNS.put(script.name(), CompletableFuture.supplyAsync(() -> run(script), LAUNCHER));
            }
        }
    }

    @AfterAll
    static void stopNode() {
        LAUNCHER.shutdownNow();
        if (node != null) {
            node.close();
        }
    }

    @Test
    void debianAwsCliPassesTheScenarioOverQuery() {
        check("awscli-query");
    }

    @Test
    void debianBoto3PassesTheScenarioOverQuery() {
        assertThat(check("boto3 (Debian)")).contains(": protocol query,");
    }

    @Test
    void currentBoto3PassesTheScenarioOverJson() {
        assertThat(check("boto3 (python3 on PATH)")).contains(": protocol json,");
    }

    @Test
    void javascriptSdkPassesTheScenarioOverJson() {
        check("js");
    }

    @Test
    void debianAwsCliPassesTheAlarmScenarioOverQuery() {
        check("awscli-alarms");
    }

    @Test
    void debianBoto3PassesTheAlarmScenarioOverQuery() {
        assertThat(check("boto3-alarms (Debian)")).contains(": protocol query,");
    }

    @Test
    void currentBoto3PassesTheAlarmScenarioOverJson() {
        assertThat(check("boto3-alarms (python3 on PATH)")).contains(": protocol json,");
    }

    @Test
    void javascriptSdkPassesTheAlarmScenarioOverJson() {
        check("js-alarms");
    }

    @Test
    void debianAwsCliPassesTheSnsTopicScenarioOverQuery() {
        check("awscli-sns");
    }

    @Test
    void debianAwsCliGetsMetricWidgetImagesOverQuery() {
        check("awscli-widget");
    }

    /** Waits for a script's run, fails on any failed check, and returns its output. */
    private static String check(String name) {
        Script script = SCRIPTS.get(name);
        requireClient(script.present(), script.missing());
        Outcome outcome;
        try {
            outcome = RUNS.get(name).get(6, TimeUnit.MINUTES);
        } catch (Exception e) {
            throw new AssertionError(name + " did not complete", e);
        }
        String output = outcome.output();
        System.out.println("----- " + name + ": " + String.join(" ", script.command()) + "\n" + output + "----- exit " + outcome.exit());
        String[] lines = output.strip().split("\n");
        String last = lines.length == 0 ? "" : lines[lines.length - 1];
        assertThat(outcome.exit()).as("%s exit code; output:\n%s", name, output).isZero();
        assertThat(last).as("%s summary line; output:\n%s", name, output).matches(SUMMARY);
        assertThat(last).as("%s reports no failures", name).endsWith(" 0 failed");
        assertThat(Arrays.stream(lines).filter(l -> l.startsWith("PASS ")).count()).as("%s ran its checks", name).isGreaterThan(5);
        return output;
    }

    private static void requireClient(boolean present, String what) {
        if (present) {
            return;
        }
        String message = "client not installed: " + what;
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(message + " (CI must install it: see .ci/run)");
        }
        System.out.println("SKIPPED " + message);
        throw new TestAbortedException(message);
    }

    private static boolean works(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Outcome run(Script script) {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(script.command())).directory(repo.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("SYNAPS_ENDPOINT", node.endpoint().toString());
        env.put("AWS_ACCESS_KEY_ID", node.admin().accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", node.admin().secretAccessKey());
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.remove("AWS_PROFILE");
        env.remove("AWS_SESSION_TOKEN");
        try {
            Path log = Files.createTempFile("synaps-compat-", ".log");
            pb.redirectOutput(log.toFile());
            Process p = pb.start();
            boolean finished = p.waitFor(5, TimeUnit.MINUTES);
            if (!finished) {
                p.destroyForcibly();
                p.waitFor(30, TimeUnit.SECONDS);
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            Files.deleteIfExists(log);
            return finished ? new Outcome(output, p.exitValue()) : new Outcome(output + "\n(killed after 5 minutes)\n", -1);
        } catch (IOException e) {
            return new Outcome("cannot run " + String.join(" ", script.command()) + ": " + e + "\n", -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome("interrupted\n", -1);
        }
    }
}
