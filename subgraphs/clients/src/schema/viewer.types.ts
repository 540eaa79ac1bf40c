import { Field, ObjectType } from "type-graphql";
import { Client } from "./client.types";
import { ClientApp } from "./client-app.types";

@ObjectType()
export class Viewer {
  @Field(() => ClientApp)
  clientApp!: ClientApp;

  @Field(() => Client, { nullable: true })
  client!: Client | null;
}
