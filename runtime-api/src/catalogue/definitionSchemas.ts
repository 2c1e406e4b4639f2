import { z } from 'zod';
import '../http/openapi';

/** 部署建模器绘制的流程: a BPMN document drawn in the modeler, deployed as the bundle's next version. */
export const deployBpmnBody = z
  .object({
    bpmn: z
      .string()
      .min(1)
      .max(1_000_000)
      .openapi({ description: 'BPMN 2.0 XML with the yj extension, as the modeler exports it' }),
  })
  .strict()
  .openapi('DeployBpmnRequest');

export const deployedVersionSchema = z
  .object({
    key: z.string(),
    version: z
      .number()
      .int()
      .openapi({ description: 'The version now the latest: new, or the same as before' }),
    versionCreated: z
      .boolean()
      .openapi({ description: 'False when the same document was already the latest version (idempotent)' }),
    checksum: z.string().openapi({ description: 'SHA-256 of the document' }),
    deployedAt: z.string().openapi({ description: 'When that version was deployed (ISO 8601)' }),
    userTasks: z
      .number()
      .int()
      .openapi({ description: 'User tasks the new version routes to department queues' }),
  })
  .openapi('DeployedVersion');
