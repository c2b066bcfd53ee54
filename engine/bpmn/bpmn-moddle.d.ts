// bpmn-moddle ships types for the BPMN elements but none for its entry point; this is the part
// Logigramme uses. Elements are read as loosely typed objects and checked where they are read.
declare module "bpmn-moddle" {
  export interface ModdleElement {
    $type: string;
    $attrs?: Record<string, string>;
    $body?: string;
    id?: string;
    name?: string;
    [key: string]: unknown;
  }
  export interface FromXmlResult {
    rootElement: ModdleElement;
    warnings: Array<{ message: string }>;
  }
  export class BpmnModdle {
    constructor(packages?: Record<string, unknown>);
    fromXML(xml: string, typeName?: string): Promise<FromXmlResult>;
  }
}
