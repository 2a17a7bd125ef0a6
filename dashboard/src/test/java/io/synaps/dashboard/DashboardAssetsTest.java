package io.synaps.dashboard;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class DashboardAssetsTest {
    private final DashboardAssets assets = new DashboardAssets();

    @Test
    void theEmptyPathIsTheIndexPage() {
        DashboardAssets.Asset index = assets.find("").orElseThrow();
        assertThat(index.contentType()).isEqualTo("text/html; charset=utf-8");
        assertThat(new String(index.body(), StandardCharsets.UTF_8)).contains("<title>Synaps</title>");
        assertThat(index.vendor()).isFalse();
        assertThat(index.etag()).startsWith("\"").endsWith("\"");
    }

    @Test
    void vendorFilesComeFromTheirWebJars() {
        DashboardAssets.Asset chart = assets.find("vendor/chart.umd.js").orElseThrow();
        assertThat(chart.vendor()).isTrue();
        assertThat(chart.contentType()).startsWith("text/javascript");
        assertThat(new String(chart.body(), 0, 200, StandardCharsets.UTF_8)).contains("Chart.js");
        for (String lib : new String[]{"chartjs-plugin-zoom.min.js", "hammer.min.js", "marked.umd.js", "purify.min.js"}) {
            assertThat(assets.find("vendor/" + lib)).as(lib).isPresent();
        }
    }

    @Test
    void unknownAndUnsafePathsFindNothing() {
        assertThat(assets.find("nope.html")).isEmpty();
        assertThat(assets.find("vendor/left-pad.js")).isEmpty();
        assertThat(assets.find("../pom.xml")).isEmpty();
        assertThat(assets.find("js/../../x")).isEmpty();
        assertThat(assets.find("/etc/passwd")).isEmpty();
        assertThat(assets.find("a//b")).isEmpty();
    }

    @Test
    void theSameBytesGiveTheSameEtag() {
        assertThat(assets.find("index.html").orElseThrow().etag()).isEqualTo(assets.find("").orElseThrow().etag());
    }
}
