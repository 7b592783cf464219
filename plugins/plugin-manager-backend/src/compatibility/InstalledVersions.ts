import fs from 'node:fs';
import path from 'node:path';

/** The Backstage release and package versions this app runs. */
export class InstalledVersions {
  private readonly installedCache = new Map<string, string | undefined>();

  private constructor(
    readonly backstageVersion: string,
    private readonly releasePackages: Record<string, string>,
    private readonly appRoot: string,
  ) {}

  /**
   * Reads `backstage.json` in the app root and the release manifest
   * (`{release, packages}`); installed packages are read lazily from the
   * app's node_modules.
   */
  static read(options: {
    appRoot: string;
    releaseManifest: string;
  }): InstalledVersions {
    const backstageJson = path.join(options.appRoot, 'backstage.json');
    if (!fs.existsSync(backstageJson)) {
      throw new Error(
        `No backstage.json in ${options.appRoot}; set idp.pluginManager.appRoot`,
      );
    }
    const { version } = JSON.parse(fs.readFileSync(backstageJson, 'utf8'));
    const manifest = fs.existsSync(options.releaseManifest)
      ? JSON.parse(fs.readFileSync(options.releaseManifest, 'utf8'))
      : { packages: {} };
    return new InstalledVersions(
      version,
      manifest.packages ?? {},
      options.appRoot,
    );
  }

  /** For tests and tools that know the versions already. */
  static of(
    backstageVersion: string,
    packages: Record<string, string>,
  ): InstalledVersions {
    const versions = new InstalledVersions(backstageVersion, packages, '');
    for (const [name, version] of Object.entries(packages)) {
      versions.installedCache.set(name, version);
    }
    return versions;
  }

  /** The installed version of a package: node_modules first, then the release manifest. */
  versionOf(name: string): string | undefined {
    if (!this.installedCache.has(name)) {
      this.installedCache.set(
        name,
        this.readInstalled(name) ?? this.releasePackages[name],
      );
    }
    return this.installedCache.get(name);
  }

  private readInstalled(name: string): string | undefined {
    if (!this.appRoot) return undefined;
    const file = path.join(this.appRoot, 'node_modules', name, 'package.json');
    try {
      return JSON.parse(fs.readFileSync(file, 'utf8')).version;
    } catch {
      return undefined;
    }
  }
}
