import { describe, expect, it } from 'vitest';
import { compileValidator } from '../src/validation.ts';
import { bed, garden, plant } from './fixtures.ts';

const validGarden = { name: 'Sunny', garden_type: 'allotment', zone: 'north' };
const validBed = { name: 'C1', garden_id: '3b241101-e2bb-4255-8caf-4136c566a962', capacity: 10, bed_type: 'raised' };
const validPlant = { name: 'Hetty', bed_id: '3b241101-e2bb-4255-8caf-4136c566a962', variety: 'basil' };

describe('payload validation', () => {
  const gardenErrors = compileValidator(garden.schema);
  const bedErrors = compileValidator(bed.schema);
  const plantErrors = compileValidator(plant.schema);

  it('accepts valid payloads, optional fields included', () => {
    expect(gardenErrors({ ...validGarden, owner: 'Ann' })).toEqual([]);
    expect(bedErrors(validBed)).toEqual([]);
    expect(plantErrors({ ...validPlant, sown: '2024-02-29', status: 'retired', weight: 2.5 })).toEqual([]);
  });

  it('names every missing required field', () => {
    expect(bedErrors({ name: 'C1' })).toEqual([
      { path: '/garden_id', message: 'is required' },
      { path: '/capacity', message: 'is required' },
      { path: '/bed_type', message: 'is required' },
    ]);
  });

  it('rejects unknown fields, naming them', () => {
    expect(gardenErrors({ ...validGarden, colour: 'red' })).toEqual([{ path: '/colour', message: 'is not a known field' }]);
  });

  it('keeps enumerations closed', () => {
    expect(gardenErrors({ ...validGarden, garden_type: 'castle' })).toEqual([
      { path: '/garden_type', message: 'must be one of: botanical, community, allotment' },
    ]);
  });

  it('wants integers to be integers, not fractions or strings', () => {
    expect(bedErrors({ ...validBed, capacity: 1.5 })).toEqual([{ path: '/capacity', message: 'must be integer' }]);
    expect(bedErrors({ ...validBed, capacity: '3' })).toEqual([{ path: '/capacity', message: 'must be integer' }]);
  });

  it('enforces minimums and maximums', () => {
    expect(bedErrors({ ...validBed, capacity: 0 })).toEqual([{ path: '/capacity', message: 'must be >= 1' }]);
    expect(plantErrors({ ...validPlant, weight: 10.5 })).toEqual([{ path: '/weight', message: 'must be <= 10' }]);
    expect(plantErrors({ ...validPlant, weight: -1 })).toEqual([{ path: '/weight', message: 'must be >= 0' }]);
  });

  it('checks uuid and date formats', () => {
    expect(bedErrors({ ...validBed, garden_id: 'garden-1' })).toEqual([{ path: '/garden_id', message: 'must match format "uuid"' }]);
    expect(plantErrors({ ...validPlant, sown: '2023-02-29' })).toEqual([{ path: '/sown', message: 'must match format "date"' }]);
    expect(plantErrors({ ...validPlant, sown: '01/02/2024' })).toEqual([{ path: '/sown', message: 'must match format "date"' }]);
  });

  it('reports every violation at once', () => {
    const errors = plantErrors({ name: 5, bed_id: 'x', status: 'zombie', extra: true });
    expect(errors.map((e) => e.path).sort()).toEqual(['/bed_id', '/extra', '/name', '/status', '/variety']);
  });

  it('rejects a body that is not an object', () => {
    expect(gardenErrors([])).toEqual([{ path: '', message: 'must be object' }]);
    expect(gardenErrors(null)).toEqual([{ path: '', message: 'must be object' }]);
  });
});
