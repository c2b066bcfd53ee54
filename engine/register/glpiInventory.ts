import { z } from "zod";

/**
 * The GLPI agent's inventory (glpi-agent, or FusionInventory 2.5 and later), in the JSON format of
 * glpi-project/inventory_format (`inventory.schema.json`, draft-07): one object per machine,
 * `{ deviceid, itemtype?, action?, content: { versionclient, bios, hardware, … } }`. Only what
 * identifies and describes the machine is read; the rest of the format (software, networks…)
 * passes untouched. Pure: the shell parses the body, the import then runs as for a GLPI CSV export.
 */

const text = z.string().nullish();

export const glpiInventory = z.object({
  deviceid: z.string().min(1),
  itemtype: z.string().optional(),
  content: z.object({
    versionclient: z.string().min(1),
    bios: z
      .object({
        ssn: text,
        msn: text,
        smanufacturer: text,
        smodel: text,
        mmanufacturer: text,
        mmodel: text,
        assettag: text,
      })
      .optional(),
    hardware: z.object({ name: text, uuid: text, chassis_type: text }).optional(),
  }),
});
export type GlpiInventory = z.infer<typeof glpiInventory>;

/**
 * The columns an inventory gives, named as GLPI's English CSV export names them, so that the
 * register's `glpi` section (its column aliases and its values table) maps both the same way.
 */
export const INVENTORY_COLUMNS = [
  "Name",
  "Serial number",
  "UUID",
  "Type",
  "Manufacturer",
  "Model",
  "Inventory number",
] as const;

/** What board makers leave in the firmware's text fields: no maker, no model, no asset tag. */
const FIRMWARE_FILLER =
  /^(to be filled by o\.?e\.?m\.?|default string|system manufacturer|system product name|system version|not specified|not applicable|o\.?e\.?m\.?|none|n\/a)$/i;

/**
 * One machine's cells, in the order of `INVENTORY_COLUMNS`. As GLPI reads it: the system's serial
 * (`bios.ssn`, never the motherboard's `msn`, which would merge every machine of one board), the
 * SMBIOS UUID, the chassis type, the system's manufacturer and model (the board's when the system
 * says nothing), the asset tag as inventory number.
 */
export function inventoryCells(inventory: GlpiInventory): string[] {
  const bios = inventory.content.bios ?? {};
  const hardware = inventory.content.hardware ?? {};
  const value = (...candidates: Array<string | null | undefined>) =>
    candidates.map((c) => (c ?? "").trim()).find((c) => c !== "" && !FIRMWARE_FILLER.test(c)) ?? "";
  // Identifiers are passed as they are: the import drops a placeholder serial or UUID itself, and
  // says so when the machine has nothing else to be known by.
  const identifier = (candidate: string | null | undefined) => (candidate ?? "").trim();
  return [
    value(hardware.name),
    identifier(bios.ssn),
    identifier(hardware.uuid),
    value(hardware.chassis_type, inventory.itemtype === "Computer" ? "" : inventory.itemtype),
    value(bios.smanufacturer, bios.mmanufacturer),
    value(bios.smodel, bios.mmodel),
    value(bios.assettag),
  ];
}
