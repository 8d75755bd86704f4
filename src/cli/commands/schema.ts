import { readSchema } from '../../input/schemas.js';
import { parse, type IO } from '../options.js';

export const SCHEMA_HELP = `Usage: sitecheck schema

Print the JSON Schema of a site file (draft 2020-12), for editors and other tools. Site files can
point an editor at it with a first line giving its path relative to the file; with sitecheck
installed in the repository, for a file in sites/:
  # yaml-language-server: $schema=../node_modules/sitecheck/schema/site.schema.json
(\`sitecheck init\` writes that and a VS Code setting; in a clone of sitecheck: ../schema/site.schema.json)
`;

export async function schemaCommand(args: string[], io: IO): Promise<number> {
  const { values } = parse(args, { help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    io.stdout.write(SCHEMA_HELP);
    return 0;
  }
  io.stdout.write(JSON.stringify(readSchema('site'), null, 2) + '\n');
  return 0;
}
