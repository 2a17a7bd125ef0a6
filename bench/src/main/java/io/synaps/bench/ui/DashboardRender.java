package io.synaps.bench.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.api.auth.session.Argon2idHasher;
import io.synaps.api.auth.session.FileUserStore;
import io.synaps.server.ServerConfig;
import io.synaps.server.SynapsServer;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * DashboardRender measures the web dashboard's first render of a CloudWatch dashboard of N metric
 * widgets in Debian's headless Chromium: a node in this JVM, a day of one-minute data per metric
 * put through the public API with a dashboard session, then (1) cold loads of the dashboard's URL
 * (navigation start to every widget drawn, page scripts and libraries included) and (2) route
 * changes inside the loaded app (the page's own {@code data-render-ms}). Prints p50 and max of each.
 */
@Command(name = "dashboard-render", mixinStandardHelpOptions = true,
        description = "First render of an N-graph dashboard in headless Chromium.")
public final class DashboardRender implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER = "bench";
    private static final String PASSWORD = "bench-password-1";

    @Option(names = "--widgets", description = "metric widgets on the dashboard (default ${DEFAULT-VALUE})")
    int widgets = 20;
    @Option(names = "--runs", description = "measured loads of each kind (default ${DEFAULT-VALUE})")
    int runs = 10;
    @Option(names = "--range", description = "dashboard time range, CloudWatch's start (default ${DEFAULT-VALUE})")
    String range = "-PT3H";

    public static void main(String[] args) {
        System.exit(new CommandLine(new DashboardRender()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("synaps-ui-bench-");
        Path profile = Files.createTempDirectory("synaps-ui-bench-chromium-");
        ServerConfig config = ServerConfig.defaults(dir);
        WebDriver driver = null;
        try (SynapsServer server = SynapsServer.start(config)) {
            new FileUserStore(config.usersFile(), new Argon2idHasher(), Clock.systemUTC())
                    .add(USER, config.adminAccountId(), PASSWORD.toCharArray());
            String base = "http://127.0.0.1:" + server.port();
            Session session = Session.signIn(base);
            long now = System.currentTimeMillis() / 1000;
            long points = 0;
            for (int m = 0; m < widgets; m++) {
                for (long start = now - 86_400; start < now; start += 1000 * 60) {
                    ArrayNode data = JSON.createArrayNode();
                    for (long t = start; t < Math.min(now, start + 1000 * 60); t += 60) {
                        data.addObject().put("MetricName", "m" + m).put("Timestamp", t)
                                .put("Value", 50 + 40 * Math.sin((t / 600.0) + m)).put("Unit", "Percent")
                                .putArray("Dimensions").addObject().put("Name", "Host").put("Value", "host-" + m);
                        points++;
                    }
                    ObjectNode put = JSON.createObjectNode().put("Namespace", "Bench");
                    put.set("MetricData", data);
                    session.call("PutMetricData", put);
                }
            }
            ObjectNode body = JSON.createObjectNode().put("start", range);
            ArrayNode list = body.putArray("widgets");
            for (int m = 0; m < widgets; m++) {
                ObjectNode w = list.addObject().put("type", "metric").put("width", 8).put("height", 6);
                ObjectNode p = w.putObject("properties").put("title", "m" + m).put("stat", "Average").put("period", 60)
                        .put("region", config.region());
                p.putArray("metrics").addArray().add("Bench").add("m" + m).add("Host").add("host-" + m);
            }
            session.call("PutDashboard", JSON.createObjectNode().put("DashboardName", "bench")
                    .put("DashboardBody", JSON.writeValueAsString(body)));
            System.out.printf("data: %d metrics, %d datapoints; dashboard of %d metric widgets over %s%n",
                    widgets, points, widgets, range);

            driver = chromium(profile);
            driver.get(base + "/ui/");
            new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> !d.findElements(By.cssSelector("[data-testid=signin-user]")).isEmpty());
            driver.findElement(By.cssSelector("[data-testid=signin-user]")).sendKeys(USER);
            driver.findElement(By.cssSelector("[data-testid=signin-password]")).sendKeys(PASSWORD);
            driver.findElement(By.cssSelector("[data-testid=signin-submit]")).click();
            // The nav is in the page from the start (hidden): wait until signing in shows it.
            new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> d.findElement(By.cssSelector("[data-testid=nav-overview]")).isDisplayed());

            double[] cold = new double[runs + 1];
            for (int i = 0; i <= runs; i++) {
                driver.get("about:blank");
                driver.get(base + "/ui/#/dashboards/bench");
                cold[i] = renderedAt(driver, "return performance.now();");
            }
            // Where the last cold load spent its time (the page's own performance marks).
            System.out.println("last cold load: " + ((JavascriptExecutor) driver).executeScript(
                    "const n = performance.getEntriesByType('navigation')[0];"
                    + "return 'response ' + Math.round(n.responseEnd) + ' ms, DOMContentLoaded ' + Math.round(n.domContentLoadedEventEnd)"
                    + " + ' ms, ' + performance.getEntriesByType('mark').map(m => m.name + ' ' + Math.round(m.startTime) + ' ms').join(', ');"));
            double[] route = new double[runs + 1];
            for (int i = 0; i <= runs; i++) {
                driver.get(base + "/ui/#/dashboards");
                new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> !d.findElements(By.cssSelector("[data-testid=dashboard-row]")).isEmpty());
                ((JavascriptExecutor) driver).executeScript("location.hash = '#/dashboards/bench';");
                route[i] = renderedAt(driver,
                        "return Number(document.querySelector('[data-testid=dashboard-view]').getAttribute('data-render-ms'));");
            }
            // The first load of each kind warms caches and the JIT; it is printed but not counted.
            System.out.printf("cold load (navigation start -> %d widgets drawn): first %.0f ms, then p50 %.0f ms, max %.0f ms over %d loads%n",
                    widgets, cold[0], p50(cold), max(cold), runs);
            System.out.printf("route change (data-render-ms): first %.0f ms, then p50 %.0f ms, max %.0f ms over %d renders%n",
                    route[0], p50(route), max(route), runs);
            return 0;
        } finally {
            if (driver != null) {
                driver.quit();
            }
            delete(dir);
            delete(profile);
        }
    }

    /** Polls until the dashboard says every widget is drawn, then evaluates {@code script} (ms). */
    private static double renderedAt(WebDriver driver, String script) {
        JavascriptExecutor js = (JavascriptExecutor) driver;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            Object done = js.executeScript("const v = document.querySelector('[data-testid=dashboard-view]');"
                    + "return v && v.getAttribute('data-rendered') === 'true' && v.getAttribute('data-render-ms') !== null;");
            if (Boolean.TRUE.equals(done)) {
                return ((Number) js.executeScript(script)).doubleValue();
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        Object page = js.executeScript("return location.href + ' ' + document.readyState + ' ' + document.body.innerText.slice(0, 300) + ' | ' + performance.getEntriesByType('resource').map(e => e.name.replace(location.origin, '') + ':' + Math.round(e.responseEnd)).join(' ');");
        System.err.println("cookies: " + driver.manage().getCookies());
        java.util.Map<String, String> open = new java.util.LinkedHashMap<>();
        java.util.regex.Pattern id = java.util.regex.Pattern.compile("\"requestId\":\"([^\"]+)\"");
        java.util.regex.Pattern url = java.util.regex.Pattern.compile("\"url\":\"([^\"]+)\"");
        driver.manage().logs().get(org.openqa.selenium.logging.LogType.PERFORMANCE).forEach(e -> {
            String m = e.getMessage();
            java.util.regex.Matcher im = id.matcher(m);
            if (!im.find()) {
                return;
            }
            if (m.contains("Network.requestWillBeSent\"")) {
                java.util.regex.Matcher um = url.matcher(m);
                open.put(im.group(1), (um.find() ? um.group(1) : "?") + " @" + e.getTimestamp());
            } else if (m.contains("Network.loadingFinished") || m.contains("Network.loadingFailed")) {
                open.remove(im.group(1));
            }
        });
        System.err.println("unfinished requests: " + open.values());
        driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).forEach(e -> System.err.println("console: " + e));
        throw new IllegalStateException("the dashboard did not finish rendering in 30 s; page: " + page);
    }

    private static double p50(double[] withWarmup) {
        double[] s = Arrays.copyOfRange(withWarmup, 1, withWarmup.length);
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static double max(double[] withWarmup) {
        return Arrays.stream(withWarmup, 1, withWarmup.length).max().orElse(Double.NaN);
    }

    private static WebDriver chromium(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(new File("/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-quic", "--no-first-run", "--window-size=1440,900", "--user-data-dir=" + profile);
        org.openqa.selenium.logging.LoggingPreferences logs = new org.openqa.selenium.logging.LoggingPreferences();
        logs.enable(org.openqa.selenium.logging.LogType.BROWSER, java.util.logging.Level.ALL);
        logs.enable(org.openqa.selenium.logging.LogType.PERFORMANCE, java.util.logging.Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(paths.sorted(Comparator.reverseOrder()).toList());
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** A dashboard session (cookie + CSRF token) making JSON 1.0 calls, as the pages do. */
    private record Session(HttpClient http, String base, String cookie, String csrf) {
        static Session signIn(String base) throws IOException, InterruptedException {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/ui/api/session"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                            JSON.createObjectNode().put("username", USER).put("password", PASSWORD))))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("sign-in failed: " + r.statusCode() + " " + r.body());
            }
            String cookie = r.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
            return new Session(http, base, cookie, JSON.readTree(r.body()).get("csrfToken").asText());
        }

        void call(String action, ObjectNode input) throws IOException, InterruptedException {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/"))
                    .header("Content-Type", "application/x-amz-json-1.0")
                    .header("X-Amz-Target", "GraniteServiceVersion20100801." + action)
                    .header("Cookie", cookie)
                    .header("X-Synaps-Csrf", csrf)
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(input)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException(action + " failed: " + r.statusCode() + " " + r.body());
            }
        }
    }
}
