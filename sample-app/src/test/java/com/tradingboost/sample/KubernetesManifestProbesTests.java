package com.tradingboost.sample;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every probe path in the Kubernetes manifest answers on the running app, so the manifest and the code cannot drift.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "sample.local-redis.enabled=false")
class KubernetesManifestProbesTests extends SharedRedisTests {

	@LocalServerPort
	private int port;

	@Test
	void everyProbePathInTheManifestAnswers() throws Exception {
		Map<String, String> probes = probePaths(Path.of("k8s", "deployment.yaml"));
		assertThat(probes).containsEntry("livenessProbe", "/health/live").containsEntry("readinessProbe", "/health/ready");
		for (Map.Entry<String, String> probe : probes.entrySet()) {
			assertThat(HttpJson.get(this.port, probe.getValue()).statusCode()).as(probe.getKey() + " " + probe.getValue())
				.isEqualTo(200);
		}
		assertThat(HttpJson.get(this.port, "/health/live").body()).doesNotContain("redis");
		assertThat(HttpJson.get(this.port, "/health/ready").body()).contains("\"redis\"").contains("readinessState");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, String> probePaths(Path manifest) throws Exception {
		Map<String, String> paths = new java.util.LinkedHashMap<>();
		try (InputStream in = Files.newInputStream(manifest)) {
			Map<String, Object> deployment = new Yaml().load(in);
			Map<String, Object> template = (Map<String, Object>) ((Map<String, Object>) deployment.get("spec")).get("template");
			List<Map<String, Object>> containers = (List<Map<String, Object>>) ((Map<String, Object>) template.get("spec"))
				.get("containers");
			for (Map<String, Object> container : containers) {
				for (String probe : new ArrayList<>(List.of("livenessProbe", "readinessProbe", "startupProbe"))) {
					Map<String, Object> definition = (Map<String, Object>) container.get(probe);
					if (definition != null) {
						paths.put(probe, (String) ((Map<String, Object>) definition.get("httpGet")).get("path"));
					}
				}
			}
		}
		return paths;
	}

}
