import { describe, expect, it } from 'vitest';
import { compileValidator } from '../src/validation.ts';
import { coop, farm, hen } from './fixtures.ts';

const validFarm = { name: 'Sunny', farm_type: 'homestead', zone: 'north' };
const validCoop = { name: 'C1', farm_id: '3b241101-e2bb-4255-8caf-4136c566a962', capacity: 10, coop_type: 'barn' };
const validHen = { name: 'Hetty', coop_id: '3b241101-e2bb-4255-8caf-4136c566a962', breed: 'leghorn' };

describe('payload validation', () => {
  const farmErrors = compileValidator(farm.schema);
  const coopErrors = compileValidator(coop.schema);
  const henErrors = compileValidator(hen.schema);

  it('accepts valid payloads, optional fields included', () => {
    expect(farmErrors({ ...validFarm, owner: 'Ann' })).toEqual([]);
    expect(coopErrors(validCoop)).toEqual([]);
    expect(henErrors({ ...validHen, dob: '2024-02-29', status: 'retired', weight: 2.5 })).toEqual([]);
  });

  it('names every missing required field', () => {
    expect(coopErrors({ name: 'C1' })).toEqual([
      { path: '/farm_id', message: 'is required' },
      { path: '/capacity', message: 'is required' },
      { path: '/coop_type', message: 'is required' },
    ]);
  });

  it('rejects unknown fields, naming them', () => {
    expect(farmErrors({ ...validFarm, colour: 'red' })).toEqual([{ path: '/colour', message: 'is not a known field' }]);
  });

  it('keeps enumerations closed', () => {
    expect(farmErrors({ ...validFarm, farm_type: 'castle' })).toEqual([
      { path: '/farm_type', message: 'must be one of: megafarm, local_farm, homestead' },
    ]);
  });

  it('wants integers to be integers, not fractions or strings', () => {
    expect(coopErrors({ ...validCoop, capacity: 1.5 })).toEqual([{ path: '/capacity', message: 'must be integer' }]);
    expect(coopErrors({ ...validCoop, capacity: '3' })).toEqual([{ path: '/capacity', message: 'must be integer' }]);
  });

  it('enforces minimums and maximums', () => {
    expect(coopErrors({ ...validCoop, capacity: 0 })).toEqual([{ path: '/capacity', message: 'must be >= 1' }]);
    expect(henErrors({ ...validHen, weight: 10.5 })).toEqual([{ path: '/weight', message: 'must be <= 10' }]);
    expect(henErrors({ ...validHen, weight: -1 })).toEqual([{ path: '/weight', message: 'must be >= 0' }]);
  });

  it('checks uuid and date formats', () => {
    expect(coopErrors({ ...validCoop, farm_id: 'farm-1' })).toEqual([{ path: '/farm_id', message: 'must match format "uuid"' }]);
    expect(henErrors({ ...validHen, dob: '2023-02-29' })).toEqual([{ path: '/dob', message: 'must match format "date"' }]);
    expect(henErrors({ ...validHen, dob: '01/02/2024' })).toEqual([{ path: '/dob', message: 'must match format "date"' }]);
  });

  it('reports every violation at once', () => {
    const errors = henErrors({ name: 5, coop_id: 'x', status: 'zombie', extra: true });
    expect(errors.map((e) => e.path).sort()).toEqual(['/breed', '/coop_id', '/extra', '/name', '/status']);
  });

  it('rejects a body that is not an object', () => {
    expect(farmErrors([])).toEqual([{ path: '', message: 'must be object' }]);
    expect(farmErrors(null)).toEqual([{ path: '', message: 'must be object' }]);
  });
});
