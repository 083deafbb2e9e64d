/**
 * The subset of a botocore service model the query codec reads (model/extract.py writes it).
 * Structures keep their members in the model's order, which is also the order AWS writes them.
 */
export type ShapeType = 'structure' | 'list' | 'map' | 'string' | 'integer' | 'long' | 'boolean' | 'timestamp' | 'blob';

export type Shape = {
  type: ShapeType;
  members?: Record<string, { shape: string }>;
  member?: { shape: string };
  required?: string[];
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
};

export type QueryOperationModel = { input?: string; output?: string; resultWrapper?: string | null };

export type QueryServiceModel = {
  apiVersion: string;
  xmlNamespace: string;
  operations: Record<string, QueryOperationModel>;
  shapes: Record<string, Shape>;
};
