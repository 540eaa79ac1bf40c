import { Length } from "class-validator";
import { Field, ID, InputType, ObjectType } from "type-graphql";
import { ConnectionType } from "../../../core/src/graphql/pagination";
import { ApiKeyInfo } from "./api-key.types";

@ObjectType()
export class ClientApp {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field({ description: "False: its platform keys and all its tenants are refused (403) until reactivated" })
  isActive!: boolean;

  @Field()
  createdAt!: Date;
}

export const ClientAppConnection = ConnectionType("ClientApp", ClientApp);

@ObjectType()
export class CreateClientAppPayload {
  @Field(() => ClientApp)
  clientApp!: ClientApp;

  @Field({ description: "The platform key (x-api-key), shown once" })
  apiKey!: string;

  @Field(() => ApiKeyInfo)
  apiKeyInfo!: ApiKeyInfo;
}

@InputType()
export class CreateClientAppInput {
  @Field()
  @Length(1, 200)
  name!: string;
}
