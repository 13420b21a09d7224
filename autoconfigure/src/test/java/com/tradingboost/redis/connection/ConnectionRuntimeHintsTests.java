package com.tradingboost.redis.connection;

import org.junit.jupiter.api.Test;

import com.tradingboost.redis.resilience.RedisOutagePredicate;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.data.redis.connection.RedisStringCommands;
import org.springframework.data.redis.connection.lettuce.LettuceConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runtime hints registered through {@code META-INF/spring/aot.factories} cover the starter's reflection and proxies.
 */
class ConnectionRuntimeHintsTests {

	private final RuntimeHints hints = registered();

	@Test
	void proxiesOfTheGatedConnectionsAndCommandGroups() {
		Class<?>[] gatedConnection = ClassUtils.getAllInterfacesForClass(LettuceConnection.class);
		assertThat(gatedConnection).isNotEmpty();
		assertThat(RuntimeHintsPredicates.proxies().forInterfaces(gatedConnection)).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.proxies().forInterfaces(RedisStringCommands.class)).accepts(this.hints);
	}

	@Test
	void fieldsThePoolFactsRead() {
		assertThat(RuntimeHintsPredicates.reflection().onFieldAccess(LettuceConnectionFactory.class, "connectionProvider"))
			.accepts(this.hints);
	}

	@Test
	void theRetryPredicateResilience4jCreatesByName() {
		assertThat(RuntimeHintsPredicates.reflection()
			.onType(RedisOutagePredicate.class)
			.withMemberCategory(MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS)).accepts(this.hints);
	}

	private static RuntimeHints registered() {
		RuntimeHints hints = new RuntimeHints();
		SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
			.load(RuntimeHintsRegistrar.class)
			.forEach((registrar) -> registrar.registerHints(hints, ConnectionRuntimeHintsTests.class.getClassLoader()));
		return hints;
	}

}
