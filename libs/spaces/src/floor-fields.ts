import type { FloorInput } from '@hearth/contracts';
import type { FloorEntity } from './entities/index.js';

/** A floor's stored columns from its declaration (site file or API), the plan kept as text. */
export function floorFields(input: Pick<FloorInput, 'name' | 'ordinal' | 'size' | 'plan'>): Pick<FloorEntity, 'name' | 'ordinal' | 'widthM' | 'heightM' | 'planFormat' | 'plan'> {
  const plan = input.plan ? ('svg' in input.plan ? { planFormat: 'svg' as const, plan: input.plan.svg } : { planFormat: 'geojson' as const, plan: JSON.stringify(input.plan.geojson) }) : { planFormat: null, plan: null };
  return { name: input.name, ordinal: input.ordinal, widthM: input.size.width, heightM: input.size.height, ...plan };
}
