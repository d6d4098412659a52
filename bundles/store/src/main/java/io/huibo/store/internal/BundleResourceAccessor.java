package io.huibo.store.internal;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;

import liquibase.resource.AbstractResource;
import liquibase.resource.Resource;
import liquibase.resource.ResourceAccessor;

/**
 * Liquibase's view of this bundle's own resources, by path through its class loader: Liquibase's
 * {@code ClassLoaderResourceAccessor} would try to list the folders behind the loader's URLs,
 * which in OSGi are {@code bundle:} URLs it cannot open.
 */
final class BundleResourceAccessor implements ResourceAccessor {
    private final ClassLoader bundle;

    BundleResourceAccessor(ClassLoader bundle) {
        this.bundle = bundle;
    }

    @Override
    public List<Resource> search(String path, boolean recursive) {
        return getAll(path);
    }

    @Override
    public List<Resource> getAll(String path) {
        BundleResource resource = new BundleResource(normalized(path));
        return resource.exists() ? List.of(resource) : List.of();
    }

    private static String normalized(String path) {
        String p = path.startsWith("classpath:") ? path.substring("classpath:".length()) : path;
        return p.replace('\\', '/').replaceFirst("^/+", "");
    }

    @Override
    public List<String> describeLocations() {
        return List.of("the class loader of " + bundle);
    }

    @Override
    public void close() {
        // the bundle's class loader is not ours to close
    }

    private final class BundleResource extends AbstractResource {
        BundleResource(String path) {
            super(path, URI.create("classpath:" + path));
        }

        @Override
        public boolean exists() {
            return bundle.getResource(getPath()) != null;
        }

        @Override
        public InputStream openInputStream() throws IOException {
            InputStream in = bundle.getResourceAsStream(getPath());
            if (in == null) {
                throw new FileNotFoundException(getPath() + " is not in the bundle");
            }
            return in;
        }

        @Override
        public Resource resolve(String other) {
            return new BundleResource(normalized(resolvePath(other)));
        }

        @Override
        public Resource resolveSibling(String other) {
            return new BundleResource(normalized(resolveSiblingPath(other)));
        }
    }
}
