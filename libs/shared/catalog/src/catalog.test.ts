import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { deployable, findDeployable, findDeployables, findEntities, GATEWAY, nameOf } from './index.ts';

describe('deployable names', () => {
  it('derives every form from the entity name', () => {
    expect(deployable('lay_report')).toEqual({
      name: 'lay_report',
      folder: 'lay-report',
      project: 'lay-report-function',
      typeName: 'LayReport',
      constant: 'LAY_REPORT',
    });
    expect(GATEWAY).toMatchObject({ name: 'gateway', folder: 'gateway', project: 'gateway-function' });
  });

  it('reads any lower-case form back as the entity name it came from', () => {
    const snake = fc.stringMatching(/^[a-z][a-z0-9]{0,6}(?:_[a-z0-9]{1,6}){0,3}$/);
    fc.assert(
      fc.property(snake, (name) => {
        const d = deployable(name);
        for (const form of [d.name, d.folder, d.project]) expect(nameOf(form)).toBe(name);
        expect(d.typeName).toMatch(/^[A-Z][A-Za-z0-9]*$/);
      }),
    );
  });

  it('refuses what is not snake case', () => {
    for (const bad of ['LayReport', 'lay-report', 'lay__report', '_lay', '1lay', '']) expect(() => deployable(bad)).toThrow(/not an entity name/);
  });
});

describe('the catalog on disk', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));
  const apps = (folders: Record<string, boolean>): string => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'egg-catalog-'));
    dirs.push(dir);
    for (const [folder, declared] of Object.entries(folders)) {
      fs.mkdirSync(path.join(dir, folder, 'src'), { recursive: true });
      if (declared) fs.writeFileSync(path.join(dir, folder, 'src/declaration.ts'), '');
    }
    return dir;
  };

  it('is every app folder with a declaration, in folder order; the gateway and the explorer are not entities', () => {
    const dir = apps({ 'duck-pond': true, farm: true, gateway: false, explorer: false });
    expect(findEntities(dir).map((d) => d.name)).toEqual(['duck_pond', 'farm']);
    expect(findDeployables(dir).map((d) => d.project)).toEqual(['duck-pond-function', 'farm-function', 'gateway-function']);
  });

  it('finds a deployable by any form of its name and names the known ones for an unknown', () => {
    const dir = apps({ 'duck-pond': true });
    for (const form of ['duck_pond', 'duck-pond', 'duck-pond-function']) expect(findDeployable(form, dir).folder).toBe('duck-pond');
    expect(findDeployable('gateway-function', dir)).toEqual(GATEWAY);
    expect(() => findDeployable('goose', dir)).toThrow('unknown function "goose": expected one of duck_pond, gateway');
  });

  it('refuses an app folder that is not its entity name in kebab case', () => {
    expect(() => findEntities(apps({ duck_pond: true }))).toThrow('apps/duck_pond: an entity\'s app folder is its name in kebab case (duck-pond)');
  });

  it("finds the workspace's own apps", () => {
    const names = findEntities().map((d) => d.name);
    expect(names).toEqual(expect.arrayContaining(['farm', 'coop', 'hen', 'lay_report', 'hen_productivity']));
    expect(names).not.toContain('gateway');
  });
});
