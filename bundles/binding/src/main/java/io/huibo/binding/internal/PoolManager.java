package io.huibo.binding.internal;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.huibo.api.NumberPool;
import io.huibo.api.PhoneNumber;
import io.huibo.api.PoolNumber;
import io.huibo.api.spi.BindingStore;

/**
 * The number pool, kept by the store, which holds each number in one pool at most; a number leaves
 * it only when no active binding holds it.
 */
@Component(service = NumberPool.class)
public class PoolManager implements NumberPool {
    private static final Logger LOG = LoggerFactory.getLogger(PoolManager.class);

    private final BindingStore store;
    private final Clock clock;

    @Activate
    public PoolManager(@Reference BindingStore store) {
        this(store, Clock.systemUTC());
    }

    PoolManager(BindingStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public PoolNumber add(String tenantId, PhoneNumber number, String city, String storeId) {
        BindingRules.checkPoolNumber(city, storeId);
        PoolNumber added = store.addNumber(new PoolNumber(number, tenantId, city, storeId, clock.instant()));
        LOG.info("Pool number {} added to tenant {}, city {}", number, tenantId, city);
        return added;
    }

    @Override
    public Optional<String> ownerOf(PhoneNumber number) {
        return store.ownerOf(number);
    }

    @Override
    public List<PoolNumber> list(String tenantId) {
        return store.numbers(tenantId);
    }

    @Override
    public void remove(String tenantId, PhoneNumber number) {
        store.removeNumber(tenantId, number, clock.instant());
        LOG.info("Pool number {} removed", number);
    }
}
