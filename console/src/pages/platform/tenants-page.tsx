import { useState } from "react";
import { Link } from "wouter";
import { useMutation, useQuery } from "urql";
import { refetchOn } from "../../api/client";
import { ActivationButton } from "../../components/activation-button";
import { ErrorNotice } from "../../components/error-notice";
import { Field, SelectField } from "../../components/field";
import { formatDate } from "../../components/format";
import { Pager, usePaging } from "../../components/pager";
import { DeactivateTenantDocument, ReactivateTenantDocument, TenantsDocument } from "../../generated/graphql";
import { RegisterTenantForm } from "./register-tenant-form";

const tenantsContext = refetchOn("Client");

const statuses = [
  { value: "", label: "All" },
  { value: "active", label: "Active" },
  { value: "deactivated", label: "Deactivated" },
];

/** The platform's tenants: register one (its key shown once), find them, stop or restart one. */
export function TenantsPage() {
  const paging = usePaging();
  const [search, setSearch] = useState("");
  const [status, setStatus] = useState("");
  const filter = {
    ...(search.trim() && { search: search.trim() }),
    ...(status && { isActive: status === "active" }),
  };
  const [{ data, error, fetching }] = useQuery({
    query: TenantsDocument,
    variables: { filter, ...paging.variables },
    context: tenantsContext,
  });
  const [deactivated, deactivate] = useMutation(DeactivateTenantDocument);
  const [reactivated, reactivate] = useMutation(ReactivateTenantDocument);
  const tenants = data?.clients;

  return (
    <>
      <h1>Tenants</h1>
      <RegisterTenantForm />
      <section aria-labelledby="tenant-list">
        <h2 id="tenant-list">All tenants</h2>
        <form className="inline" role="search" aria-label="Find tenants" onSubmit={(event) => event.preventDefault()}>
          <Field
            label="Name or code contains"
            type="search"
            value={search}
            onChange={(event) => {
              setSearch(event.target.value);
              paging.reset();
            }}
          />
          <SelectField
            label="Status"
            options={statuses}
            value={status}
            onChange={(event) => {
              setStatus(event.target.value);
              paging.reset();
            }}
          />
        </form>
        <ErrorNotice error={error ?? deactivated.error ?? reactivated.error} />
        <div className="table-wrap">
          <table aria-busy={fetching}>
            <caption className="visually-hidden">Tenants</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Code</th>
                <th scope="col">External id</th>
                <th scope="col">Currency</th>
                <th scope="col">Status</th>
                <th scope="col">Registered</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {tenants?.edges.map(({ node }) => (
                <tr key={node.id}>
                  <td>
                    <Link href={`/tenants/${node.id}`}>{node.name}</Link>
                  </td>
                  <td>
                    <code>{node.code}</code>
                  </td>
                  <td>{node.externalId ?? "—"}</td>
                  <td>{node.defaultCurrency}</td>
                  <td>
                    <span className={`badge ${node.isActive ? "ok" : "off"}`}>
                      {node.isActive ? "active" : "deactivated"}
                    </span>
                  </td>
                  <td>{formatDate(node.createdAt)}</td>
                  <td>
                    <ActivationButton
                      name={node.name}
                      isActive={node.isActive}
                      consequence="Every key of the tenant is revoked at once."
                      deactivate={() => void deactivate({ id: node.id })}
                      reactivate={() => void reactivate({ id: node.id })}
                    />
                  </td>
                </tr>
              ))}
              {tenants?.edges.length === 0 && (
                <tr>
                  <td colSpan={7}>No tenants match.</td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
        <Pager paging={paging} pageInfo={tenants?.pageInfo} totalCount={tenants?.totalCount} label="Tenants" />
      </section>
    </>
  );
}
