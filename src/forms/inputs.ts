// How answers travel in an HTML form: the body of a POST (application/x-www-form-urlencoded,
// parsed into a flat object of strings or string arrays) and the naming of inputs in it.
//
// Naming convention (what routes and templates rely on):
//   simple field            name="<field>"                       e.g. uso
//   multiple choice         name="<field>" repeated              e.g. servizi=a&servizi=b
//   sub-input               name="<field>.<part>"                e.g. residenza.cap
//   group item sub-field    name="<group>[<i>].<field>"          e.g. componenti[0].nome
//   group item sub-input    name="<group>[<i>].<field>.<part>"   e.g. componenti[0].indirizzo.cap
//   group slot count        name="<group>._items"                (hidden, rendered by the engine)
//   engine buttons          name="_action" value="add:<group>" | "remove:<group>:<i>" | "removeFile:<field>:<fileId>"
// Element ids are derived from input names by inputId(): "f-" + name with "[i]" and "." turned into "-".

export type FormBody = { [key: string]: string | string[] | undefined };

/** The first string sent under `name` (a repeated key keeps its first value). */
export function bodyString(body: FormBody, name: string): string {
  const value = body[name];
  if (Array.isArray(value)) return value[0] ?? '';
  return value ?? '';
}

/** Every string sent under `name`, for inputs that may repeat (checkboxes). */
export function bodyStrings(body: FormBody, name: string): string[] {
  const value = body[name];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

export function itemName(group: string, index: number, field: string): string {
  return `${group}[${index}].${field}`;
}

/** The input name a zod issue path points to, below the input named `name`. */
export function nameAtPath(name: string, path: ReadonlyArray<string | number>): string {
  return path.reduce<string>((acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : `${acc}.${part}`), name);
}

/** The element id of an input: safe in CSS selectors and in `#fragment` links. */
export function inputId(name: string): string {
  return `f-${name.replace(/\[(\d+)\]/g, '-$1').replace(/\./g, '-')}`;
}
